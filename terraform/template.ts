/**
 * Terraform reads every string as a template: `${...}` is an interpolation and `%{...}` a directive, evaluated at
 * deploy, so a description holding `${file("/etc/hostname")}` would be read off the machine that deploys. Its
 * own escape writes them literally: `$${` is a literal `${`, `%%{` a literal `%{`.
 */

/** Plain text as a Terraform string that reads as exactly that text. */
export function literalText(text: string): string {
  return text.replace(/([$%])\{/g, "$1$1{");
}

/** The text Terraform reads from a string {@link literalText} wrote, for what shows it (the diagram). */
export function readLiteral(text: string): string {
  return text.replace(/([$%])\1\{/g, "$1{");
}
