/** District and unit codes: 2–16 capital letters, digits, - or _ (they appear in URLs, tokens and exports). */
export const CODE_PATTERN = /^[A-Z0-9_-]{2,16}$/;

export const isCode = (value: unknown): value is string => typeof value === 'string' && CODE_PATTERN.test(value);

export const CODE_MESSAGE = 'must be a code (2–16 capital letters, digits, - or _)';
