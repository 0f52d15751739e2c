// The public enums are the internal ones: the same names and values as aws-crt (DESIGN.md §8.3, naming).
export * from "../core/model/enums.js";
