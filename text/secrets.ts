/** What a masked secret reads as in a line. */
export const MASK = "<token>";

/**
 * The shortest secret masked. A Terraform Cloud token is about 90 characters; a value of a few, such as a test's
 * `token`, would turn every line holding that word into nonsense and protect nothing.
 */
export const MIN_MASKED_LENGTH = 8;

/** The mark of a Terraform Cloud token (`<14 characters>.atlasv1.<the secret>`), whole or cut short. */
const TOKEN_SHAPE = /\.atlasv1\./i;

/**
 * Whether a text holds what looks like a Terraform Cloud token, which no message quotes back, whoever it belongs to.
 */
export const looksLikeToken = (text: string): boolean => TOKEN_SHAPE.test(text);

/**
 * The secrets one command run holds (its own token, and every token it calls Terraform Cloud with), so that the
 * lines it prints can mask them wherever they appear: in an answer that echoes one, in an error that quotes one.
 */
export class Secrets {
  private readonly values = new Set<string>();

  /** Remembers a secret; nothing to remember for one shorter than {@link MIN_MASKED_LENGTH}. */
  add(secret: string | undefined): void {
    if (secret === undefined || secret.length < MIN_MASKED_LENGTH) return;
    this.values.add(secret);
    // As a JSON string writes it, for an excerpt of an answer.
    this.values.add(JSON.stringify(secret).slice(1, -1));
  }

  /** The line with every secret replaced by {@link MASK}, longest first, so that no part of a longer one is left. */
  mask(line: string): string {
    return [...this.values]
      .sort((a, b) => b.length - a.length)
      .reduce((masked, secret) => masked.replaceAll(secret, MASK), line);
  }
}
