/**
 * A folder of 10,000 messages stays a screenful: the text report shows its first and last rows and
 * a count between (`--max-rows`). Its own module so the CLI's help can name it without loading the
 * report writers.
 */
export const DEFAULT_MAX_ROWS = 50;
