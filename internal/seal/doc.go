// Package seal is the sealed POP format (SPEC §8): a clear front matter
// that CI and the follow-up commands read without a key, followed by two
// ASCII-armored age files — the agreement and the progress notes — that
// only the employee, the manager and the configured readers can open.
//
// The package splits a clear document into those three parts and joins
// them again, seals and opens the blocks with filippo.io/age, rewraps a
// block's file key to other recipients without touching its encrypted
// payload, and inspects a sealed file's envelope without any key. It
// never prints and never reads the environment: identities, recipients
// and passphrase prompts are handed in by the caller.
package seal
