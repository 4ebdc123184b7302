/**
 * A policy gate's HTTP call exactly as it will be sent, for the approver: the method and the
 * full URL, every header (the connector's, the step's templated ones, the engine's — a
 * secret shows as its name, never its value), and the body.
 */
import { JsonView } from '../ui/JsonView';
import type { HttpCallView } from './call-action';

export function CallActionView({ call }: { call: HttpCallView }) {
  return (
    <div className="wm-call" data-testid="approval-call">
      <div className="wm-call__line">
        <span className={`wm-call__method wm-call__method--${call.method.toLowerCase()}`}>{call.method}</span>
        <code className="wm-call__url" data-testid="approval-call-url">
          {call.url}
        </code>
      </div>
      {call.connector && <p className="wm-field__help">Through connector “{call.connector}”.</p>}
      <table className="wm-call__headers" data-testid="approval-call-headers">
        <caption>Headers</caption>
        <tbody>
          {call.headers.map((h) => (
            <tr key={h.name}>
              <th scope="row">{h.name}</th>
              <td>
                {h.secret ? (
                  <span className="wm-call__secret" title="A secret: its value is never shown">
                    secret {h.secret}
                  </span>
                ) : (
                  <code>{h.value}</code>
                )}
              </td>
            </tr>
          ))}
          {!call.headersShown && (
            <tr>
              <td colSpan={2} className="wm-field__help">
                Not recorded for this approval (asked before headers were shown).
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {call.body === null ? (
        <p className="wm-field__help">No body.</p>
      ) : (
        <JsonView value={call.body} label="Body" maxLines={12} />
      )}
    </div>
  );
}
