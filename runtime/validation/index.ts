export { Validator, venueOf } from "./validator.js";
export type { Direction, Protocol, Validation, ValidatorOptions } from "./validator.js";
export { defaultSwitches, parseSwitch, SWITCH_NAMES, wireChecks, applyProfile } from "./options.js";
export type { Profile, ValidationSwitches } from "./options.js";
export { RuleChecker } from "./rules.js";
export type { RuleContext } from "./rules.js";
export type { ConditionDef, RuleCheckDef, RuleDef } from "./rule-def.js";
export { checkFormat, FORMAT_NAMES } from "./formats.js";
