#!/usr/bin/env bash
# Test card for the screenshot pipeline (scripts/screenshots.sh --selftest): every SGR feature
# scripts/ansi-to-html.mjs handles, box drawing that must join, and wide characters.
printf '\e[1m Attributes:\e[0m \e[1mbold\e[0m \e[2mdim\e[0m \e[3mitalic\e[0m \e[4munderline\e[0m \e[7mreverse\e[0m \e[9mstrike\e[0m \e[4:3;58;5;196mcurly\e[0m \e[21mdouble\e[0m\n'
printf ' 16 fg: '; for i in $(seq 30 37); do printf '\e[%dm■■ ' $i; done; for i in $(seq 90 97); do printf '\e[%dm■■ ' $i; done; printf '\e[0m\n'
printf ' 16 bg: '; for i in $(seq 40 47); do printf '\e[%dm   ' $i; done; for i in $(seq 100 107); do printf '\e[%dm   ' $i; done; printf '\e[0m\n'
printf ' 256:   '; for i in $(seq 16 6 231); do printf '\e[48;5;%dm ' $i; done; printf '\e[0m\n'
printf ' grey:  '; for i in $(seq 232 255); do printf '\e[48;5;%dm  ' $i; done; printf '\e[0m\n'
printf ' true:  '; for i in $(seq 0 4 252); do printf '\e[48;2;%d;%d;%dm ' $i $((255-i)) 128; done; printf '\e[0m\n'
printf ' \e[38;2;255;128;0mtruecolour fg orange\e[0m  \e[38:2::0:200:255mcolon-form cyan\e[0m  \e[1;31mbold red\e[22;2m dim red\e[0m\n'
printf '╭─ Apps ─────────╮╭─ Environments ─╮╭─ Secrets ──────────────────╮\n'
printf '│\e[7m api            \e[0m││ development    ││ \e[1mDATABASE_URL\e[0m  \e[2m••••••••\e[0m     │\n'
printf '│ web            ││\e[44;97m staging        \e[0m││ STRIPE_KEY    \e[33msealed\e[0m       │\n'
printf '│ worker         ││ production \e[31m🔒\e[0m  ││ LOG_LEVEL     \e[32minfo\e[0m         │\n'
printf '╰────────────────╯╰────────────────╯╰────────────────────────────╯\n'
printf ' coffer › api › staging › DATABASE_URL › v7   wide: 日本語 ok   ✓ ✗ … • ↑↓←→ ▲▼ █▓▒░\n'
printf '┌──┬──┐\n│ab│cd│\n├──┼──┤\n│ef│gh│\n└──┴──┘\n'
