export * from './virtual-time';
export * from './reconcilable-reference-broker';
export * from './scripted-venue';
