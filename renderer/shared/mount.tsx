/** Renders a window's root component into its page's #root, in StrictMode. */
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

export function mountWindow(app: ReactNode): void {
  const root = document.getElementById('root');
  if (root) createRoot(root).render(<StrictMode>{app}</StrictMode>);
}
