/**
 * Validates the document in the backend (`spec.validate`), debounced: the validator uses
 * ajv, which compiles schemas with eval, and the renderer's CSP forbids eval. Results are
 * kept with the spec they describe, so problem paths map to the right nodes even when the
 * document changed while a request was in flight.
 */
import { useEffect } from 'react';
import { stringifySpec } from '../../shared/spec/canonical';
import { api } from '../bridge';
import { useDoc } from '../store/doc-store';
import { setProblems, useProblems } from '../store/problems-store';

const DEBOUNCE_MS = 350;
const RETRY_MS = 2000;

export function useValidation(): void {
  const spec = useDoc((s) => s.spec);
  const isOpen = useDoc((s) => s.isOpen);
  useEffect(() => {
    if (!isOpen) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout>;
    const run = async () => {
      useProblems.setState({ status: 'validating' });
      try {
        const r = await api.spec.validate({ text: stringifySpec(spec) });
        if (!cancelled) setProblems(r.problems, spec);
      } catch (e) {
        if (cancelled) return;
        useProblems.setState({ status: 'offline', error: e instanceof Error ? e.message : String(e) });
        timer = setTimeout(() => void run(), RETRY_MS);
      }
    };
    timer = setTimeout(() => void run(), DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [spec, isOpen]);
}
