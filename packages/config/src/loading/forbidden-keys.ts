import { formatPath, type ConfigIssue } from '../errors/config-issue';

/**
 * Keys that reach an object's prototype machinery when assigned (`out[key] = value`): a YAML file must
 * never be able to set them, whatever the nesting. Refused rather than dropped, so a file that relies on
 * one is fixed instead of silently behaving differently.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Every forbidden key of a parsed tree, each an issue naming its path as written
 * (`brokers.paper.__proto__`). Walks own enumerable keys only, so it never triggers a getter.
 */
export function forbiddenKeyIssues(tree: unknown, file: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const walk = (node: unknown, segments: (string | number)[]): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, [...segments, index]));
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const key of Object.keys(node)) {
      const at = [...segments, key];
      if (FORBIDDEN_KEYS.has(key)) {
        issues.push({ file, path: formatPath(at), rule: 'forbiddenKey', message: `the key "${key}" is not allowed in a configuration (it would reach object prototypes)` });
        continue;
      }
      walk((node as Record<string, unknown>)[key], at);
    }
  };
  walk(tree, []);
  return issues;
}
