import { Link } from '@tanstack/react-router';
import { Badge } from '../../components/ui/badge.tsx';
import { Section } from '../users/components/user-360/section.tsx';
import { KIND_LABEL, useTeams } from './teams.api.ts';

/** User 360 → Teams: the person's teams (self-pair first), each opening the Teams drawer. */
export function UserTeamsSection({ userId }: { userId: string }) {
  const teams = useTeams({ member: userId });
  const rows = teams.data?.pages.flatMap((page) => page.rows) ?? [];
  return (
    <Section title="Teams">
      {!teams.data ? (
        <p className="px-5 text-sm text-zinc-400">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="px-5 text-sm text-zinc-500">No team: registered, no self-pair yet.</p>
      ) : (
        <ul className="px-5 text-sm" data-testid="user-teams">
          {rows.map((team) => (
            <li key={team.id} className="flex items-center justify-between gap-2 py-1">
              <Link
                to="/teams"
                search={{ team: team.id }}
                className="truncate text-indigo-700 hover:underline dark:text-indigo-300"
              >
                {team.name}
              </Link>
              <span className="flex items-center gap-2 text-xs text-zinc-500">
                <Badge tone={team.kind === 'self_pair' ? 'blue' : 'neutral'}>{KIND_LABEL[team.kind]}</Badge>
                {team.members} members
              </span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
