// Stand-in for react-devtools-core, which ink imports statically from its devtools module (only
// used when DEV=true). Bundling the real package would add weight for a feature we never ship.
const devtools = {
  initialize() {},
  connectToDevTools() {},
};
export default devtools;
