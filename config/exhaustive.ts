/**
 * What is left of a config object once each of its fields is taken by whoever reads it: nothing. A new config field
 * lands in the rest, and `rest satisfies Unplaced` fails the type check until it is placed.
 */
export type Unplaced = Record<string, never>;
