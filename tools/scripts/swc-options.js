// The one swc configuration for TypeScript in this workspace (Jest, scripts, child processes in tests):
// legacy decorators with decorator metadata, for Inversify and class-validator.
module.exports = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
