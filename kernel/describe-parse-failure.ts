/**
 * A config file's parse error as one line that quotes none of the file: the file holds upstream
 * keys, and both parsers show the text around the failure (V8's JSON errors a slice of it, the
 * YAML parser whole lines under the message), which an error line would print, key included.
 */

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return `line ${line}, column ${position - before.lastIndexOf('\n')}`;
}

/** V8's reason (`Unexpected token 's'`, `Expected ',' or '}' after property value`), where the file gives one, and its line and column. */
export function describeJsonFailure(text: string, error: Error): string {
  const position = /at position (\d+)/.exec(error.message);
  // The quoted slice of the file starts at the first double quote; V8's own words use single quotes.
  const reason = error.message.split('"')[0]!.replace(/ (in JSON )?at position \d+.*$/s, '').replace(/[\s,.]+$/, '');
  return `not valid JSON${reason ? `: ${reason}` : ''}${position ? ` at ${lineAndColumn(text, Number(position[1]))}` : ''}`;
}

/** The YAML parser's first line (`Missing closing "quote at line 5, column 1`); the lines of the file it prints below are left out. */
export function describeYamlFailure(error: Error): string {
  return `not valid YAML: ${error.message.split('\n')[0]!.replace(/:$/, '')}`;
}
