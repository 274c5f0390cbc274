export * from "./radar";
export * from "./settings";
export * from "./silence";
export * from "./stats";
