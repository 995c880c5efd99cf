// The composition plan lives in @silvertine/composition, shared with the chaos suite's rigs (so that
// the suite tests the app's own composition); re-exported here for the app's modules.
export { compositionPlan, planModules, createAppModule, type CompositionPlan } from '@silvertine/composition';
