// Preload: being built.
export {};
