// io.Pkcs11Lib: names the PKCS#11 module (the token vendor's shared library). aws-crt loads the library itself;
// here the OpenSSL pkcs11 engine (libp11) loads it on the first TLS connection (src/transport/pkcs11.ts), so
// this class only checks the path and carries it.
import { accessSync, constants, statSync } from "node:fs";
import { ValidationError } from "../core/errors.js";

/**
 * A PKCS#11 library, for `TlsContextOptions.Pkcs11Options.pkcs11_lib`.
 *
 * Differences from aws-crt, caused by going through the OpenSSL engine:
 * - The engine initialises the library once per process (C_Initialize) and never finalises it, whatever the
 *   `behavior`: DEFAULT is what you get; OMIT and STRICT are accepted and have no effect.
 * - One process can use one PKCS#11 library: the first one a TLS connection uses stays loaded until exit.
 */
export class Pkcs11Lib {
  /** File path of the library. */
  readonly path: string;
  readonly behavior: Pkcs11Lib.InitializeFinalizeBehavior;
  #closed = false;

  /** Throws ValidationError when `path` is not a readable file. */
  constructor(path: string, behavior: Pkcs11Lib.InitializeFinalizeBehavior = Pkcs11Lib.InitializeFinalizeBehavior.DEFAULT) {
    if (typeof path !== "string" || path.length === 0) throw new ValidationError("Pkcs11Lib.path", "must be a non-empty string");
    if (typeof behavior !== "number" || !Object.values(Pkcs11Lib.InitializeFinalizeBehavior).includes(behavior)) {
      throw new ValidationError("Pkcs11Lib.behavior", "must be DEFAULT (0), OMIT (1) or STRICT (2)");
    }
    try {
      if (!statSync(path).isFile()) throw new Error("not a file");
      accessSync(path, constants.R_OK);
    } catch {
      throw new ValidationError("Pkcs11Lib.path", "must name a readable PKCS#11 library file");
    }
    this.path = path;
    this.behavior = behavior;
  }

  /** True after close(). */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Marks the library as no longer wanted: TLS contexts created afterwards reject it. The engine keeps the
   * library loaded until the process exits (it offers no way to unload it).
   */
  close(): void {
    this.#closed = true;
  }
}

// aws-crt declares the behaviour enum inside the class's namespace (`Pkcs11Lib.InitializeFinalizeBehavior.STRICT`),
// and users write it that way: a namespace merged with the class is the only way to offer the same name.
// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace Pkcs11Lib {
  /** When C_Initialize / C_Finalize are called (see the class comment: the engine always behaves like DEFAULT). */
  export enum InitializeFinalizeBehavior {
    DEFAULT = 0,
    OMIT = 1,
    STRICT = 2,
  }
}
