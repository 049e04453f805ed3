// The body errors belong to the HTTP host, which answers them itself where no front-end does.
export { normalizeHttpError } from '../../http/http-errors';
