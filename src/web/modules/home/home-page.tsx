import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import {
  BarChart3,
  CalendarRange,
  Flag,
  Gem,
  HeartHandshake,
  type LucideIcon,
  QrCode,
  ShoppingBag,
} from 'lucide-react';
import type { ReactNode } from 'react';
import type { HomeResponse } from '../../../contracts/home.ts';
import type { Permission } from '../../../contracts/permissions.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { Card } from '../../components/ui/card.tsx';
import { ErrorState, SkeletonRows } from '../../components/ui/states.tsx';
import { api } from '../../lib/api.ts';
import { can, useMe } from '../auth/auth.api.ts';

const exact = new Intl.NumberFormat();
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

type Section = {
  title: string;
  icon: LucideIcon;
  to: string;
  search?: Record<string, string>;
  permission: Permission;
  big: (data: HomeResponse) => string;
  facts: (data: HomeResponse) => ReactNode;
};

const SECTIONS: Section[] = [
  {
    title: 'People & Teams',
    icon: HeartHandshake,
    to: '/teams',
    permission: 'view_users',
    big: (d) => `${exact.format(d.people.total)} people`,
    facts: (d) =>
      `${exact.format(d.people.selfPairs)} with a self-pair · ${exact.format(d.people.registeredOnly)} registered only · ${exact.format(d.teams.total)} teams (${exact.format(d.teams.groups)} groups)`,
  },
  {
    title: 'Stones',
    icon: Gem,
    to: '/stones',
    permission: 'view_users',
    big: (d) => `${exact.format(d.stones.total)} stones`,
    facts: (d) =>
      `${exact.format(d.stones.activated)} activated · ${exact.format(d.stones.total - d.stones.activated)} unactivated · ${exact.format(d.stones.premapped)} premapped`,
  },
  {
    title: 'Campaigns',
    icon: CalendarRange,
    to: '/campaigns',
    permission: 'view_users',
    big: (d) => `${exact.format(d.campaigns.active)} active`,
    facts: (d) => `${exact.format(d.campaigns.staged)} staged · ${exact.format(d.campaigns.closed)} closed`,
  },
  {
    title: 'Orders',
    icon: ShoppingBag,
    to: '/users',
    permission: 'view_users',
    big: (d) => `${exact.format(d.orders.total)} orders`,
    facts: (d) => `${exact.format(d.orders.last30Days)} in the last 30 days · read-only (managed in Stripe)`,
  },
  {
    title: 'Analytics',
    icon: BarChart3,
    to: '/',
    permission: 'view_analytics',
    big: (d) =>
      `${d.people.total ? percent.format(d.people.completedGenesis / d.people.total) : '—'} activation`,
    facts: (d) => `${exact.format(d.people.completedGenesis)} people completed genesis`,
  },
  {
    title: 'Moderation',
    icon: Flag,
    to: '/moderation',
    permission: 'moderate_content',
    big: (d) => `${exact.format(d.moderation.openFlags)} open flags`,
    facts: (d) => `on ${exact.format(d.moderation.flaggedPosts)} posts`,
  },
  {
    title: 'Generate QR',
    icon: QrCode,
    to: '/stones',
    search: { view: 'batches' },
    permission: 'generate_qr',
    big: (d) => `${exact.format(d.batches.total)} batches`,
    facts: (d) =>
      d.batches.lastAt ? `last made ${new Date(d.batches.lastAt).toLocaleDateString()}` : 'none made yet',
  },
];

/** The seed's admin home: a grid of its sections with live counts; each links where the role may go. */
export function HomePage() {
  const me = useMe().data;
  const home = useQuery({
    queryKey: ['home'],
    queryFn: ({ signal }) => api<HomeResponse>('/api/admin/home', { signal }),
    refetchInterval: 30_000,
  });
  return (
    <div className="mx-auto max-w-[96rem]">
      <PageHeader
        title="Admin"
        description="Stone Maps at a glance: people, stones, campaigns, orders, moderation."
      />
      {home.error ? (
        <Card>
          <ErrorState error={home.error} onRetry={() => void home.refetch()} />
        </Card>
      ) : !home.data ? (
        <Card>
          <SkeletonRows rows={6} label="Loading counts" />
        </Card>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {SECTIONS.map((section) => {
            const allowed = can(me, section.permission);
            const body = (
              <Card className="h-full p-4 transition-colors hover:border-indigo-300 dark:hover:border-indigo-700">
                <div className="flex items-center gap-2 text-sm font-semibold text-zinc-800 dark:text-zinc-100">
                  <section.icon className="size-4 text-indigo-500" aria-hidden />
                  {section.title}
                </div>
                <div className="mt-2 text-2xl font-semibold tabular-nums text-zinc-900 dark:text-zinc-50">
                  {section.big(home.data)}
                </div>
                <p className="mt-1 text-sm text-zinc-500">{section.facts(home.data)}</p>
                {!allowed && <p className="mt-2 text-xs text-zinc-400">Needs {section.permission}</p>}
              </Card>
            );
            return (
              <div key={section.title} data-testid={`home-${section.title}`}>
                {allowed ? (
                  <Link to={section.to} search={section.search ?? {}} className="block h-full">
                    {body}
                  </Link>
                ) : (
                  body
                )}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
