import { Link } from '@tanstack/react-router';
import { ArrowRight, Radio, ShieldCheck } from 'lucide-react';
import { StreamDot, TickerItem } from '../../components/live-ticker.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { roleLabel } from '../../components/top-bar.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Card, CardHeader, Facts } from '../../components/ui/card.tsx';
import { EmptyState } from '../../components/ui/states.tsx';
import { navFor } from '../../lib/nav.ts';
import { useTicker } from '../../lib/sse.ts';
import { requireStepUp } from '../../lib/step-up.ts';
import { clockTime, duration, useNow } from '../../lib/time.ts';
import { DayAtAGlance } from '../analytics/components/day-at-a-glance.tsx';
import { stepUpValid, useMe } from '../auth/auth.api.ts';

const LATEST = 8;

export function OverviewPage() {
  const me = useMe().data!;
  const { events, status } = useTicker();
  const now = useNow(5_000);
  const valid = stepUpValid(me, now);
  const expiresAt = me.stepUp.expiresAt;
  const tabs = navFor(me.permissions).filter((item) => item.path !== '/');

  return (
    <div className="mx-auto max-w-5xl">
      <PageHeader title="Overview" description="What is happening right now, from the audit spine." />
      <div className="grid gap-4 md:grid-cols-3">
        <Card className="md:col-span-2">
          <div className="p-5">
            <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase">Welcome back</p>
            <h2 className="mt-1 text-xl font-semibold text-zinc-900 dark:text-zinc-100">
              {me.user.name || me.user.email}
            </h2>
            <p className="mt-1 text-sm text-zinc-500">
              Signed in as{' '}
              <span className="font-medium text-zinc-700 capitalize dark:text-zinc-300">
                {roleLabel(me.role)}
              </span>{' '}
              · {me.permissions.length} permissions
            </p>
            {tabs.length > 0 && (
              <div className="mt-4 flex flex-wrap gap-2">
                {tabs.map((item) => (
                  <Link
                    key={item.path}
                    to={item.path}
                    className="inline-flex items-center gap-1.5 rounded-md border border-zinc-200 px-2.5 py-1 text-xs font-medium text-zinc-700 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
                  >
                    <item.icon className="size-3.5" aria-hidden />
                    {item.label}
                    <ArrowRight className="size-3" aria-hidden />
                  </Link>
                ))}
              </div>
            )}
          </div>
        </Card>
        <Card>
          <CardHeader title="Step-up" icon={<ShieldCheck className="size-4 text-zinc-400" aria-hidden />} />
          <Facts
            rows={[
              ['Authenticator', me.stepUp.enrolled ? 'Enrolled' : 'Not set up'],
              [
                'Status',
                valid ? (
                  <span key="valid" className="text-emerald-700 dark:text-emerald-400">
                    Valid
                  </span>
                ) : (
                  <span key="needed" className="text-amber-700 dark:text-amber-400">
                    Needed
                  </span>
                ),
              ],
              ['Until', valid && expiresAt ? clockTime(expiresAt) : '—'],
              [
                'Time left',
                valid && expiresAt ? duration((new Date(expiresAt).getTime() - now) / 1000) : '—',
              ],
            ]}
          />
          {!valid && (
            <div className="px-4 pb-4">
              <Button
                size="sm"
                variant="primary"
                onClick={() => void requireStepUp(me.stepUp.enrolled).catch(() => {})}
              >
                Enter a code
              </Button>
            </div>
          )}
        </Card>
      </div>
      <DayAtAGlance />
      <Card className="mt-4">
        <CardHeader
          title="Latest events"
          icon={<Radio className="size-4 text-zinc-400" aria-hidden />}
          actions={<StreamDot status={status} />}
        />
        {events.length === 0 ? (
          <EmptyState title="No events yet">Events appear here as soon as anything happens.</EmptyState>
        ) : (
          <ol className="grid md:grid-cols-2" data-testid="overview-events">
            {events.slice(0, LATEST).map((event) => (
              <TickerItem key={event.id} event={event} now={now} testId="overview-event" />
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}
