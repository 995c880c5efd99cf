import { isBrokerError, type BrokerRegistration, type BrokerRegistry } from '@silvertine/core';
import { ConfigValidationError, type ConfigIssue } from '../errors/config-issue';
import type { BrokerSpec, SilvertineConfig } from './silvertine-config';
import { flattenSections } from './section-flattening';
import { validateSection } from './validate-section';

/** A broker entry matched with its registered class and its validated plugin config. */
export interface ResolvedBroker {
  readonly spec: BrokerSpec;
  readonly registration: BrokerRegistration;
  /** An instance of the plugin's configClass, or the plain settings when the plugin declares none. */
  readonly config: unknown;
}

/**
 * Matches every broker entry (enabled or not: a disabled one may be a fallback) with a registered type
 * and validates its section with the plugin's configClass (`credentials`/`connection`/`trading`
 * lifted into a flat object unless the class declares them, see flattenSections). Runs before any broker is constructed;
 * all issues are reported together.
 */
export function resolveBrokers(config: SilvertineConfig, registry: BrokerRegistry): Map<string, ResolvedBroker> {
  const issues: ConfigIssue[] = [];
  const resolved = new Map<string, ResolvedBroker>();
  for (const spec of Object.values(config.brokers)) {
    const at = ['brokers', spec.name];
    let registration: BrokerRegistration;
    try {
      registration = registry.get(spec.type);
    } catch (error) {
      const where = config.sources.locate([...at, 'type']);
      const hint = config.plugins.length ? '' : ' (a plugin package must be listed under `plugins:`)';
      issues.push({ file: where.file, path: where.path, rule: 'unknownBrokerType', message: `${isBrokerError(error) ? error.message : String(error)}${hint}` });
      continue;
    }
    if (!registration.configClass) {
      resolved.set(spec.name, { spec, registration, config: spec.settings });
      continue;
    }
    const { flat, rewrite, issues: flattening } = flattenSections(spec.settings, registration.configClass, at, config.sources);
    issues.push(...flattening);
    const result = validateSection(registration.configClass, flat, at, config.sources, true, rewrite);
    issues.push(...result.issues);
    if (result.value) resolved.set(spec.name, { spec, registration, config: result.value });
  }
  if (issues.length) throw new ConfigValidationError(issues, config.secrets);
  return resolved;
}
