import { recogniseInput, INPUT_KIND_LABELS, type InputKind } from '../../parsers/recognise';
import { FactsInputError } from './errors';

/**
 * The kind of `text` if it is one of `accepted`, else a FactsInputError with recognition's
 * one-line message (or "this is X, not Y" when it is a known input of another step).
 */
export function requireKind<K extends InputKind>(
  text: string,
  file: string,
  accepted: readonly K[],
): K {
  const r = recogniseInput(text, file);
  if (!r.ok) throw new FactsInputError(file, r.message);
  if (!(accepted as readonly InputKind[]).includes(r.kind)) {
    throw new FactsInputError(
      file,
      `this is ${r.label} output, not ${accepted.map((k) => INPUT_KIND_LABELS[k]).join(' or ')}`,
    );
  }
  return r.kind as K;
}
