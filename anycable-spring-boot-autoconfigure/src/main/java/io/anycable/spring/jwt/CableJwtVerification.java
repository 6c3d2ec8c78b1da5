package io.anycable.spring.jwt;

import io.anycable.spring.connection.CableIdentifiers;
import org.jspecify.annotations.Nullable;

/**
 * What {@link CableJwtVerifier} found out about a request's token.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class CableJwtVerification {

	/** The disconnect reason of an expired token; the AnyCable JS client refreshes it. */
	public static final String TOKEN_EXPIRED_REASON = "token_expired";

	static final CableJwtVerification MISSING = new CableJwtVerification(Outcome.MISSING, null, "no token");

	static final CableJwtVerification EXPIRED = new CableJwtVerification(Outcome.EXPIRED, null, "expired");

	/** The outcomes. */
	public enum Outcome {

		/** A valid token: the client is identified. */
		VALID,

		/** A token whose signature is right but whose time has passed. */
		EXPIRED,

		/** A token that is not an AnyCable JWT signed with the secret. */
		INVALID,

		/** The request carries no token. */
		MISSING

	}

	private final Outcome outcome;

	private final @Nullable CableIdentifiers identifiers;

	private final String problem;

	private CableJwtVerification(Outcome outcome, @Nullable CableIdentifiers identifiers, String problem) {
		this.outcome = outcome;
		this.identifiers = identifiers;
		this.problem = problem;
	}

	static CableJwtVerification valid(CableIdentifiers identifiers) {
		return new CableJwtVerification(Outcome.VALID, identifiers, "");
	}

	static CableJwtVerification invalid(String problem) {
		return new CableJwtVerification(Outcome.INVALID, null, problem);
	}

	/**
	 * Return the outcome.
	 * @return the outcome
	 */
	public Outcome outcome() {
		return this.outcome;
	}

	/**
	 * Return the identifiers of a valid token, its {@code ext} claim unchanged.
	 * @return the identifiers, {@code null} unless {@link Outcome#VALID}
	 */
	public @Nullable CableIdentifiers identifiers() {
		return this.identifiers;
	}

	/**
	 * Return why the token was refused, for logs: never the token's content.
	 * @return the problem, empty when valid
	 */
	public String problem() {
		return this.problem;
	}

	@Override
	public String toString() {
		return (this.outcome == Outcome.VALID) ? "valid " + this.identifiers : this.outcome + " (" + this.problem + ")";
	}

}
