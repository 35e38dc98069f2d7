import { CaseError } from '../cases/model';
import { InspectionDrawError, type DrawErrorCode, type InputIssue } from '../inspection/errors';
import { QueueCursorError } from '../use-cases/case-queue';
import { CaseFileIntegrityError } from '../use-cases/read-case-files';
import { ApiError } from './http';

/** HTTP status of each refused case operation (lib/cases/model.ts CaseErrorCode). */
const CASE_ERROR_STATUS: Record<CaseError['code'], number> = {
  not_found: 404,
  unknown_item: 404,
  // The case is in a state that does not allow this: a conflict with the resource, not a bad request.
  illegal_transition: 409,
  items_open: 409,
  item_closed: 409,
  conflict: 409,
  // The request lacks what this particular transition requires.
  reason_required: 400,
  evidence_required: 400,
  note_required: 400,
  by_required: 400,
};

/** HTTP status of each refused draw (lib/inspection/errors.ts names the same mapping). */
const DRAW_ERROR_STATUS: Record<DrawErrorCode, number> = {
  invalid_input: 400,
  // Well-formed, but the district cannot satisfy it (no units in the register, too few inspectors outside a town).
  no_units: 422,
  insufficient_inspectors: 422,
  not_found: 404,
  conflict: 409,
};

const drawIssue = (i: InputIssue) => ({ path: ['body', i.line !== null ? `inspectors.${i.line - 1}` : '', i.column ?? ''].filter(Boolean).join('.'), message: `${i.zh} / ${i.en}` });

/**
 * Maps what the use cases throw to an ApiError; anything else is a fault of the server
 * (undefined here: the caller answers 500 without details and logs it).
 */
export function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err instanceof QueueCursorError) return new ApiError(400, 'invalid_cursor', `分页游标无效：${err.message}`, `invalid cursor: ${err.message}`, [{ path: 'query.cursor', message: err.message }]);
  // Stored evidence that fails its manifest is our fault and must be looked at, not retried by the client.
  if (err instanceof CaseFileIntegrityError) return new ApiError(500, 'integrity_failed', err.zh, err.en);
  if (err instanceof InspectionDrawError) return new ApiError(DRAW_ERROR_STATUS[err.code] ?? 400, err.code, err.zh, err.en, err.issues.map(drawIssue));
  if (err instanceof CaseError) return new ApiError(CASE_ERROR_STATUS[err.code] ?? 409, err.code, err.zh, err.en);
  return undefined;
}
