/** One secret: its name, where it is used, where its value comes from, and (when the backend stores secrets) Set and Delete. */
import { Button } from '../../ui/Button';
import { SOURCE_LABEL, type SecretRow } from '../model/secret-names';
import { SetSecretForm } from './SetSecretForm';

function usage(row: SecretRow): string {
  const parts: string[] = [];
  if (row.usedBy.length) parts.push(`used by ${row.usedBy.map((c) => `"${c}"`).join(', ')}`);
  else if (row.declared) parts.push('declared, not used by a connector');
  else parts.push('stored, not referenced by this workflow');
  if (row.usedBy.length && !row.declared) parts.push('not declared');
  if (row.updatedAt) parts.push(`set ${new Date(row.updatedAt).toLocaleString()}`);
  return parts.join(' · ');
}

export function SecretRowView({
  row,
  writable,
  editing,
  onEdit,
  onSave,
  onDelete,
}: {
  row: SecretRow;
  writable: boolean;
  editing: boolean;
  onEdit(on: boolean): void;
  onSave(value: string): Promise<boolean>;
  onDelete(): void;
}) {
  return (
    <li className="wm-gov-secret" data-testid={`secret-${row.name}`}>
      <div className="wm-gov-secret__main">
        <div className="wm-gov-secret__titles">
          <code className="wm-gov-secret__name">{row.name}</code>
          {row.source && (
            <span className={`wm-gov-source wm-gov-source--${row.source}`} data-testid={`secret-source-${row.name}`}>
              {SOURCE_LABEL[row.source]}
            </span>
          )}
        </div>
        {row.description && <p className="wm-gov-secret__desc">{row.description}</p>}
        <p className="wm-gov-secret__usage">{usage(row)}</p>
      </div>
      {writable && !editing && (
        <div className="wm-gov-secret__actions">
          <Button
            size="sm"
            variant="secondary"
            label={row.source === 'store' ? 'Replace' : 'Set'}
            aria-label={`${row.source === 'store' ? 'Replace' : 'Set'} ${row.name}`}
            onClick={() => onEdit(true)}
          />
          {row.source === 'store' && (
            <Button icon="trash" iconOnly size="sm" label={`Delete ${row.name}`} onClick={onDelete} />
          )}
        </div>
      )}
      {editing && <SetSecretForm name={row.name} onSave={onSave} onCancel={() => onEdit(false)} />}
    </li>
  );
}
