import { Eye, EyeOff } from 'lucide-react';
import type { User360 } from '../../../../../contracts/users.ts';
import { Button } from '../../../../components/ui/button.tsx';
import { Facts } from '../../../../components/ui/card.tsx';
import { describeUserAgent } from '../../user-agent.ts';
import { PROVIDER_LABEL } from '../users-filters.tsx';
import { cellClass, Ip, MiniTable, Section, Time } from './section.tsx';

/**
 * Auth & security. With view_pii (`canReveal`) its title bar offers the audited reveal of full IPs;
 * once revealed, `revealedLastIp` replaces the masked last IP.
 */
export function AuthSection({
  auth,
  now,
  canReveal,
  revealed,
  revealedLastIp,
  onReveal,
}: {
  auth: User360['auth'];
  now: number;
  canReveal: boolean;
  revealed: boolean;
  revealedLastIp: string | null;
  onReveal: () => void;
}) {
  const revealControl = !canReveal ? null : revealed ? (
    <span className="inline-flex items-center gap-1 text-[11px] text-amber-700 dark:text-amber-400">
      <Eye className="size-3.5" aria-hidden /> Full IPs shown (audited)
    </span>
  ) : (
    <Button
      size="sm"
      variant="ghost"
      onClick={onReveal}
      aria-label="Reveal full IP addresses"
      data-testid="reveal-ips"
    >
      <EyeOff className="size-3.5" aria-hidden /> IPs masked
    </Button>
  );

  return (
    <Section title="Auth & security" actions={revealControl}>
      <Facts
        rows={[
          ['Provider', auth.authProvider ? PROVIDER_LABEL[auth.authProvider] : '—'],
          ['MFA', auth.mfaEnabled ? 'On' : 'Off'],
          ['Last login', <Time key="last" iso={auth.lastLoginAt} now={now} />],
          [
            'Last IP',
            <span key="ip" data-testid="user-360-last-ip">
              <Ip value={revealed ? revealedLastIp : auth.lastIp} />
            </span>,
          ],
          [
            'Last device',
            <span key="ua" title={auth.lastUserAgent ?? undefined}>
              {describeUserAgent(auth.lastUserAgent)}
            </span>,
          ],
        ]}
      />
      {auth.identities.length > 0 && (
        <MiniTable head={['Linked provider', 'Provider user id', 'Email', 'Linked']}>
          {auth.identities.map((identity) => (
            <tr key={`${identity.provider}:${identity.providerUserId}`}>
              <td className={cellClass}>
                {identity.provider === 'credential' ? 'password' : identity.provider}
              </td>
              <td className={`${cellClass} font-mono break-all`}>{identity.providerUserId}</td>
              <td className={cellClass}>{identity.email ?? '—'}</td>
              <td className={cellClass}>
                <Time iso={identity.createdAt} now={now} />
              </td>
            </tr>
          ))}
        </MiniTable>
      )}
    </Section>
  );
}
