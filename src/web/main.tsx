import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Toaster } from 'sonner';
import type { MeResponse } from '../contracts/auth.ts';
import { StepUpDialog } from './components/step-up-dialog.tsx';
import { onUnauthenticated } from './lib/api.ts';
import { queryClient } from './lib/query.ts';
import { stopTicker } from './lib/sse.ts';
import { onStepUp } from './lib/step-up.ts';
import { markRouteStart } from './lib/telemetry.ts';
import { applyTheme, useTheme } from './lib/theme.ts';
import { meKey } from './modules/auth/auth.api.ts';
import { router } from './router.tsx';
import './styles.css';

applyTheme();

// A step-up changes what `me` says; the session ending sends everyone back to sign-in.
onStepUp((expiresAt) => {
  queryClient.setQueryData<MeResponse>(meKey, (me) =>
    me ? { ...me, stepUp: { ...me.stepUp, enrolled: true, expiresAt } } : me,
  );
});
onUnauthenticated(() => {
  stopTicker();
  const path = router.state.location.pathname;
  // The member pages handle their own signed-out state; only the staff console goes to sign-in.
  if (path === '/sign-in' || path === '/account' || path.startsWith('/account/')) return;
  void router.navigate({ to: '/sign-in' });
});
router.subscribe('onBeforeNavigate', (event) => {
  if (event.pathChanged) markRouteStart();
});

function App() {
  const theme = useTheme();
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
      <StepUpDialog />
      <Toaster theme={theme} position="bottom-left" richColors closeButton />
    </QueryClientProvider>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('No #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
