export * from './action-fields';
export * from './vocab';
export * from './schemas';
export * from './checklist-templates';
