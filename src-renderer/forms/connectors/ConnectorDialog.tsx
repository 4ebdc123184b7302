/**
 * The connector form in a dialog, for adding and editing: the name steps use it by, then
 * the LLM or HTTP form. Saving is one undoable edit (the connector, renames of its alias,
 * the secrets it names, and the step field that asked for it); a secret value typed in
 * is stored in the backend afterwards, never in the workflow.
 */
import { useMemo, useState } from 'react';
import type { HttpConnector, LlmConnector } from '../../../shared/spec/schema';
import { Dialog } from '../../app/Dialog';
import { Field } from '../../inspector/fields/Field';
import { setConfigValue } from '../../model/spec-ops';
import { edit, useDoc } from '../../store/doc-store';
import { toast } from '../../store/ui-store';
import { Button } from '../../ui/Button';
import { closeConnectorForm, useConnectorDialog, type ConnectorRequest } from './connector-dialog';
import {
  connectorProblems,
  freshAlias,
  httpConnector,
  httpDraft,
  llmConnector,
  llmDraft,
  saveConnector,
  secretsOf,
  type HttpDraft,
  type LlmDraft,
} from './connector-model';
import { HttpConnectorForm } from './HttpConnectorForm';
import { LlmConnectorForm } from './LlmConnectorForm';
import { useSecretListing } from './useSecretNames';

export function ConnectorDialogHost() {
  const request = useConnectorDialog((s) => s.request);
  return request ? <ConnectorDialog key={`${request.kind}:${request.alias ?? '+'}`} request={request} /> : null;
}

function ConnectorDialog({ request }: { request: ConnectorRequest }) {
  const spec = useDoc((s) => s.spec);
  const original = request.alias ? spec.connectors[request.alias] : undefined;
  const [llm, setLlm] = useState<LlmDraft>(() =>
    llmDraft(request.alias ?? freshAlias(spec, 'gpt'), original?.kind === 'llm' ? original : undefined),
  );
  const [http, setHttp] = useState<HttpDraft>(() =>
    httpDraft(request.alias ?? freshAlias(spec, 'api'), original?.kind === 'http' ? original : undefined),
  );
  const [secretValue, setSecretValue] = useState('');
  const [tried, setTried] = useState(false);
  const alias = request.kind === 'llm' ? llm.alias : http.alias;
  const connector =
    request.kind === 'llm'
      ? llmConnector(llm, original?.kind === 'llm' ? (original as LlmConnector) : undefined)
      : httpConnector(http, original?.kind === 'http' ? (original as HttpConnector) : undefined);
  const problems = useMemo(
    () => connectorProblems(spec, alias, connector, request.alias),
    [spec, alias, connector, request.alias],
  );
  const secretName = secretsOf(connector)[0];
  const declared = useMemo(() => spec.secrets.map((s) => s.name), [spec.secrets]);
  const { listing, store } = useSecretListing(secretName ? [secretName] : []);
  const present = !!listing?.secrets.find((s) => s.name === secretName && s.source !== 'missing');
  const secret = listing
    ? { value: secretValue, onChange: setSecretValue, writable: listing.writable, present }
    : undefined;
  const shown = tried ? problems : {};
  const setAlias = (v: string) =>
    request.kind === 'llm' ? setLlm({ ...llm, alias: v }) : setHttp({ ...http, alias: v });

  const save = async () => {
    setTried(true);
    if (Object.keys(problems).length) return;
    edit(
      request.alias ? 'edit connector' : 'add connector',
      (s) => {
        const next = saveConnector(s, alias, connector, request.alias);
        return request.assign ? setConfigValue(next, request.assign.nodeId, request.assign.key, alias) : next;
      },
      { source: 'inspector' },
    );
    closeConnectorForm();
    if (secretName && secretValue && (await store(secretName, secretValue)))
      toast(`${secretName} stored${listing?.encrypted ? ', encrypted' : ''}`, 'success');
  };

  const title = `${request.alias ? 'Edit' : 'Add'} ${request.kind === 'llm' ? 'an LLM' : 'an HTTP'} connector`;
  return (
    <Dialog title={title} onClose={closeConnectorForm} className="wm-dialog--form" testId="connector-dialog">
      <form
        className="wm-connform__body"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Field
          id="conn-alias"
          label="Name"
          required
          error={shown.alias}
          help={request.kind === 'llm' ? 'Steps choose the model by this name.' : 'Tool steps call it by this name.'}
        >
          <input
            id="conn-alias"
            className="wm-input wm-input--mono"
            value={alias}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setAlias(e.target.value)}
          />
        </Field>
        {request.kind === 'llm' ? (
          <LlmConnectorForm draft={llm} onChange={setLlm} problems={shown} declaredSecrets={declared} secret={secret} />
        ) : (
          <HttpConnectorForm
            draft={http}
            onChange={setHttp}
            problems={shown}
            declaredSecrets={declared}
            secret={secret}
          />
        )}
        {tried && Object.keys(problems).length > 0 && (
          <p className="wm-field__error" role="alert">
            Fix the fields marked above to save this connector.
          </p>
        )}
        <div className="wm-actions">
          <Button label="Cancel" onClick={closeConnectorForm} />
          <Button
            variant="primary"
            type="submit"
            label={request.alias ? 'Save connector' : 'Add connector'}
            data-testid="connector-save"
          />
        </div>
      </form>
    </Dialog>
  );
}
