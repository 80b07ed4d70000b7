import { Send } from 'lucide-react';
import { useState } from 'react';
import type { StragglersPreview } from '../../../../contracts/stragglers.ts';
import { ActionCard } from '../../../components/action-card.tsx';
import { DraftList } from './draft-list.tsx';
import { StragglerList } from './straggler-list.tsx';

/** Catch Stragglers: find idle students, draft a message to each, send only what was approved. */
export function StragglersCard({ allowed }: { allowed: boolean }) {
  return (
    <ActionCard
      testId="action-catch-stragglers"
      className="lg:col-span-2"
      title="Catch Stragglers"
      icon={<Send className="size-4 text-sky-500" aria-hidden />}
      description="Finds students idle in a course, drafts a message in a tone you pick; nothing is sent until each draft is approved."
      permission="send_messages"
      allowed={allowed}
    >
      <StragglersBody />
    </ActionCard>
  );
}

function StragglersBody() {
  // The last search; its channel status also decides which approved drafts can be sent.
  const [preview, setPreview] = useState<StragglersPreview>();
  return (
    <div className="flex flex-col gap-4">
      <StragglerList preview={preview} onPreview={setPreview} />
      <DraftList channels={preview?.channels} />
    </div>
  );
}
