// Composition root of the desktop app (placeholder while the main process is built).
import { app } from 'electron';

void app.whenReady();
