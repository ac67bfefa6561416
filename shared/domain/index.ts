/** Entry point for the pure domain rules shared by the main process and the renderer. */
export * from './issues';
export * from './normalize';
export * from './dates';
export * from './idNumber';
export * from './creditCode';
export * from './contact';
