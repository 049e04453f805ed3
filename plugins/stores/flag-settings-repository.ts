/**
 * Feature-flag settings an admin puts on an org or a key (defaults, forbidden flags, caps),
 * kept as one JSON document per subject. The store does not interpret them: the
 * feature-flags plugin validates what it writes and what it reads back.
 */

export interface FlagSettingsRow {
  /** `org:<id>` or `key:<id>`. */
  readonly subject: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly updatedAt: string;
}

export interface FlagSettingsRepository {
  /** Replaces the subject's settings. */
  putFlagSettings(row: FlagSettingsRow): Promise<void>;
  /** The settings of those subjects that have any, in no particular order. */
  listFlagSettings(subjects: readonly string[]): Promise<FlagSettingsRow[]>;
}
