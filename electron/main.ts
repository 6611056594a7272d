// Thin Electron shell: being built.
import { app } from 'electron';
void app;
