import { Secrets } from "./secrets";

/**
 * What a terminal must never receive raw, from whatever source a line carries (the config, Terraform Cloud's
 * answers, the environment, file names): control characters (C0, DEL, C1: ESC starts the sequences that set
 * a terminal's title or clear its screen, a newline forges a line of its own), format and bidirectional
 * controls, which reorder or hide what is shown, invisible and default-ignorable characters, separators other
 * than the plain space, lone surrogates, private-use, unassigned and non-characters.
 */
const UNSAFE =
  /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]|(?! )\p{Zs}/gu;

/** The escapes a reader knows; JSON's too, so that an escaped JSON line is still the same JSON. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** `\uXXXX` for each UTF-16 unit, as JSON writes it: a character beyond the BMP becomes its surrogate pair. */
export function unicodeEscape(character: string): string {
  return (
    SHORT_ESCAPES[character] ??
    [...Array(character.length).keys()]
      .map((index) => `\\u${character.charCodeAt(index).toString(16).padStart(4, "0")}`)
      .join("")
  );
}

/**
 * Text with every character a terminal must never receive raw written by `escape`; for a format with escapes of its
 * own.
 */
export function escapeUnsafe(text: string, escape: (character: string) => string): string {
  return text.replace(UNSAFE, escape);
}

/**
 * One line as a terminal may show it: every unsafe character written as its escape (`\n`, `\u001b`, `\u202e`),
 * nothing else changed. The escapes are JSON's, and a JSON text has such characters only inside its strings,
 * so a line of JSON stays the same JSON value.
 */
export function terminalLine(text: string): string {
  return escapeUnsafe(text, unicodeEscape);
}

/**
 * A command's options with its `print` and `report` made safe, whoever called it: the run's secrets masked
 * (`secrets`, made when the caller gave none, so that the API session adds its tokens to them), then each line
 * as {@link terminalLine}. Applied twice, as the CLI's own wrapper does, it changes nothing more.
 */
export function safeLines<
  Options extends {
    readonly print?: (line: string) => void;
    readonly report: (line: string) => void;
    readonly secrets?: Secrets;
  },
>(options: Options): Options & { readonly secrets: Secrets } {
  const secrets = options.secrets ?? new Secrets();
  const safe = (write: (line: string) => void) => (line: string) => write(terminalLine(secrets.mask(line)));
  return {
    ...options,
    secrets,
    report: safe(options.report),
    ...(options.print === undefined ? {} : { print: safe(options.print) }),
  };
}
