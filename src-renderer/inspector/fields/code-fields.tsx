/**
 * Monaco-backed fields: templates and JSONata expressions (checked as you type with the
 * same parser the validator uses), and JSON values (JSON Schemas, pinned outputs) that
 * are written to the spec only when they parse — a half-typed schema never reaches it.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { checkExpression, checkTemplate } from '../../../shared/expr/jsonata-check';
import { jsonEqual } from '../../model/patch';
import { useDoc } from '../../store/doc-store';
import { JSONATA, TEMPLATE } from '../../monaco/languages';
import { LazyCode, type CodeMarker } from '../../monaco/LazyCode';
import { VariablePicker } from '../../forms/VariablePicker';

interface ExprProps {
  path: string;
  label: string;
  kind: 'template' | 'expression';
  value: string | undefined;
  onChange(v: string | undefined): void;
  nodeId?: string;
  required?: boolean;
  placeholder?: string;
}

export function ExpressionField({ path, label, kind, value, onChange, nodeId, required, placeholder }: ExprProps) {
  const text = value ?? '';
  const error = useMemo(
    () => (text.trim() ? (kind === 'template' ? checkTemplate(text) : checkExpression(text)) : undefined),
    [text, kind],
  );
  const markers = useMemo<CodeMarker[]>(() => (error ? [{ message: error, severity: 'error' }] : []), [error]);
  return (
    <>
      <VariablePicker path={path} label={label} nodeId={nodeId} template={kind === 'template'} />
      <LazyCode
        value={text}
        onChange={(v) => onChange(v === '' && !required ? undefined : v)}
        language={kind === 'template' ? TEMPLATE : JSONATA}
        path={path}
        ariaLabel={label}
        markers={markers}
        placeholder={placeholder}
        completion={() => ({ spec: useDoc.getState().spec, nodeId })}
        testId={`code-${label}`}
      />
      {error && (
        <p className="wm-field__error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

interface JsonProps {
  path: string;
  label: string;
  value: unknown;
  onChange(v: unknown): void;
  /** Require an object (JSON Schemas, policies). */
  objectOnly?: boolean;
  /** Extra check before committing (e.g. a zod schema); returns why the value is refused. */
  check?: (v: unknown) => string | undefined;
  minLines?: number;
}

const show = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, 2));

export function JsonField({ path, label, value, onChange, objectOnly, check, minLines = 3 }: JsonProps) {
  const [text, setText] = useState(() => show(value));
  const committed = useRef<unknown>(value);
  const focused = useRef(false);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    // An outside change (undo, spec view) replaces the text; our own commits, and anything
    // while the user is typing here (clearing may commit a default such as {}), do not.
    if (!focused.current && !jsonEqual(value, committed.current)) {
      committed.current = value;
      setText(show(value));
      setError(undefined);
    }
  }, [value]);
  const onBlur = () => {
    focused.current = false;
    if (!jsonEqual(value, committed.current) || (!text.trim() && value !== undefined)) {
      committed.current = value;
      setText(show(value));
      setError(undefined);
    }
  };
  const onText = (t: string) => {
    setText(t);
    if (!t.trim()) {
      setError(undefined);
      committed.current = undefined;
      onChange(undefined);
      return;
    }
    try {
      const parsed: unknown = JSON.parse(t);
      if (objectOnly && (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))) {
        setError('Must be a JSON object.');
        return;
      }
      const refused = check?.(parsed);
      if (refused) {
        setError(`Not applied yet: ${refused}`);
        return;
      }
      setError(undefined);
      committed.current = parsed;
      onChange(parsed);
    } catch (e) {
      setError(`Not applied yet: ${(e as Error).message.replace(/ in JSON at position \d+.*$/s, '')}`);
    }
  };
  const markers = useMemo<CodeMarker[]>(() => (error ? [{ message: error, severity: 'error' }] : []), [error]);
  return (
    <>
      <LazyCode
        value={text}
        onChange={onText}
        onFocus={() => (focused.current = true)}
        onBlur={onBlur}
        language="json"
        path={path}
        ariaLabel={label}
        markers={markers}
        minLines={minLines}
        maxLines={18}
        lineNumbers
        testId={`code-${label}`}
      />
      {error && (
        <p className="wm-field__error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
