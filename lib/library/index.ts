export * from "./checklist";
export * from "./limits";
export * from "./prompts";
export * from "./schemas";
export * from "./templates";
export * from "./deck";
export * from "./entries";
