package io.anycable.spring.jwt;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.impl.HMAC;
import com.nimbusds.jose.crypto.utils.ConstantTimeUtils;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;

/**
 * HS256 with the secret as anycable-go uses it: nimbus' {@code MACSigner} and
 * {@code MACVerifier} refuse secrets shorter than 256 bits, but anycable-go and the Ruby
 * and JS libraries accept any secret (the protocol's test vector is six bytes). Nimbus'
 * own HMAC and constant-time comparison do the work.
 */
final class Hs256 implements JWSSigner, JWSVerifier {

	private static final String MAC_ALGORITHM = "HmacSHA256";

	private final byte[] secret;

	private final JCAContext jcaContext = new JCAContext();

	Hs256(String secret) {
		this.secret = secret.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
		requireHs256(header);
		return Base64URL.encode(mac(signingInput));
	}

	@Override
	public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
		return JWSAlgorithm.HS256.equals(header.getAlgorithm())
				&& ConstantTimeUtils.areEqual(mac(signingInput), signature.decode());
	}

	private byte[] mac(byte[] signingInput) throws JOSEException {
		return HMAC.compute(MAC_ALGORITHM, this.secret, signingInput, this.jcaContext.getProvider());
	}

	private static void requireHs256(JWSHeader header) throws JOSEException {
		if (!JWSAlgorithm.HS256.equals(header.getAlgorithm())) {
			throw new JOSEException("Only HS256 is supported, not " + header.getAlgorithm());
		}
	}

	@Override
	public Set<JWSAlgorithm> supportedJWSAlgorithms() {
		return Set.of(JWSAlgorithm.HS256);
	}

	@Override
	public JCAContext getJCAContext() {
		return this.jcaContext;
	}

}
