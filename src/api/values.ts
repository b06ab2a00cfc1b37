/** Per-set value overrides (`--values FILE`, `--set-value KEY=VALUE`), as the CLI and library users give them. */
export { valueOverrides, type ValueOverrideInput } from '../set-config/value-overrides.js';
export { mergeValues, valueAtPath, type Values } from '../set-config/values.js';
