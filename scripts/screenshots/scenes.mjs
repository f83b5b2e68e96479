// Scenes for scripts/screenshots.sh: each becomes screenshots/<name>.png.
//
// A scene:
//   name     file name (and the argument that selects it: npm run screenshots -- NAME)
//   coffer   arguments for the built program (node bin/coffer.cjs ...); or
//   cmd      any command, as an argv array or a shell line
//   cols, rows   terminal size (default 120×36)
//   env      extra environment; every scene already gets its own empty folder as SCENE_DIR and
//            COFFER_VAULT=$SCENE_DIR/vault.coffer, and runs in that folder
//   setup    commands run to completion first, e.g. { coffer: ['init'], input: 'answer\n' }
//   steps    in order: { waitFor: 'text' | /re/ } · { waitGone: … } · { press: ['j', 'Enter'] }
//            (tmux key names, sent one at a time) · { type: 'literal text' } ·
//            { waitExit: 0 } · { resize: [cols, rows] }; each wait takes an optional timeout (ms)
// The picture is taken once the screen has stopped changing after the last step.
import tuiScenes from './tui-scenes.mjs';

export default [...tuiScenes];
