import { getMetadataStorage } from 'class-validator';
import type { ConfigIssue } from '../errors/config-issue';
import type { ConfigSources } from '../loading/config-sources';
import { isPlainObject } from '../loading/config-sources';

/** The sections every broker entry may use to organise its keys. */
export const BROKER_SECTIONS = ['credentials', 'connection', 'trading'] as const;

/** A plugin section with `credentials:`/`connection:`/`trading:` lifted into one flat object. */
export interface FlattenedSection {
  readonly flat: Record<string, unknown>;
  /** Rewrites a path inside `flat` back to where the key was written (`apiKey` → `credentials.apiKey`). */
  readonly rewrite: (segments: readonly (string | number)[]) => (string | number)[];
  readonly issues: readonly ConfigIssue[];
}

/** Property names a class-validator class declares (through any decorator). */
function declaredProperties(cls: new () => object): Set<string> {
  return new Set(getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false).map((m) => m.propertyName));
}

/**
 * YAML groups a broker's keys into `credentials`, `connection` and `trading`; plugin config classes
 * are usually flat (BinanceConfig has `apiKey`, `baseUrl`, `symbols`). A section the class does not
 * declare as a property of its own is therefore merged into the top of the plugin's section, and
 * messages still point at the key where it was written. A key given in two places is an issue.
 */
export function flattenSections(settings: Readonly<Record<string, unknown>>, cls: new () => object, at: readonly string[], sources: ConfigSources): FlattenedSection {
  const declared = declaredProperties(cls);
  const flat: Record<string, unknown> = {};
  const sectionOf = new Map<string, string>();
  const issues: ConfigIssue[] = [];
  const place = (key: string, value: unknown, section?: string) => {
    if (key in flat) {
      const where = sources.locate(section ? [...at, section, key] : [...at, key]);
      const other = sectionOf.get(key);
      issues.push({ file: where.file, path: where.path, rule: 'duplicateKey', message: `is also given ${other ? `under ${other}` : 'at the top of the broker entry'}; keep one` });
      return;
    }
    flat[key] = value;
    if (section) sectionOf.set(key, section);
  };
  for (const [key, value] of Object.entries(settings)) {
    const lift = (BROKER_SECTIONS as readonly string[]).includes(key) && !declared.has(key) && isPlainObject(value);
    if (!lift) place(key, value);
  }
  for (const section of BROKER_SECTIONS) {
    const value = settings[section];
    if (declared.has(section) || !isPlainObject(value)) continue;
    for (const [key, inner] of Object.entries(value)) place(key, inner, section);
  }
  const rewrite = (segments: readonly (string | number)[]) => {
    const section = typeof segments[0] === 'string' ? sectionOf.get(segments[0]) : undefined;
    return section ? [section, ...segments] : [...segments];
  };
  return { flat, rewrite, issues };
}
