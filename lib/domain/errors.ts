/** Errors carry a stable `name` so adapters and handlers can map them without instanceof across bundles. */
export class StatsentryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Configuration is read once at start-up; a missing or malformed value stops the process early. */
export class ConfigError extends StatsentryError {}

/** A file as a whole cannot be ingested (empty, unknown kind, unreadable workbook). */
export class FileRejectedError extends StatsentryError {
  constructor(
    readonly reasonZh: string,
    readonly reasonEn: string,
    options?: { cause?: unknown },
  ) {
    super(`${reasonEn} / ${reasonZh}`, options);
  }
}

/** A write lost a race or met a different stored value under the same key. */
export class ConflictError extends StatsentryError {}
