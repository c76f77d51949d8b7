import { usePermissions } from '../components/sign-in.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Checkpoint, Verify } from './audit-verify.tsx';
import { Integrity } from './integrity-report.tsx';

/** The audit log's checkpoint and verification, its export, and the integrity report. */
export function AuditLog() {
  const { t } = useI18n();
  const { can } = usePermissions();
  const mayVerify = can?.('audit.read', 'integrity.read') ?? true;
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('audit.title')}</h1>
      <div className="chart-row">
        <Checkpoint />
        {mayVerify && <Verify mayExport={can?.('audit.read') ?? true} />}
      </div>
      {(can?.('integrity.read') ?? true) && <Integrity />}
    </section>
  );
}
