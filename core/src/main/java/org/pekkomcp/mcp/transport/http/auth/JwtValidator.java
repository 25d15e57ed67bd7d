/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.pekkomcp.mcp.transport.http.internal.VerifiedTokens;

/**
 * Validates JWT access tokens (RFC 9068 and the JWTs Keycloak, Auth0, Entra ID and the like
 * issue) against the issuer's public keys: the signature (one of {@code algorithms}, never
 * {@code none} or a shared-secret algorithm; a key id the key set does not have is refused), the
 * issuer ({@code iss}, exactly), the audience ({@code aud} must name the server or the endpoint,
 * see {@link ProtectedResource}), and the validity period ({@code exp}, required, and {@code nbf},
 * with {@code clockSkew} of tolerance). Scopes come from {@code scope} (space-separated, RFC 9068)
 * or {@code scp} (a list or a string, as Entra ID and Okta write them); the subject from
 * {@code sub}, else {@code client_id}. A token found valid is remembered for a while (see
 * {@code VerifiedTokens}): clients send the same token with every request.
 */
public final class JwtValidator implements TokenValidator {

  /** {@code JWT}, {@code at+jwt} (RFC 9068, also with its {@code application/} prefix) or no {@code typ} at all. */
  private static final DefaultJOSEObjectTypeVerifier<SecurityContext> TYPES = new DefaultJOSEObjectTypeVerifier<>(
      JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null);

  private static final Set<JWSAlgorithm> ASYMMETRIC = Stream.of(JWSAlgorithm.Family.RSA, JWSAlgorithm.Family.EC,
      JWSAlgorithm.Family.ED).flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());

  private final String issuer;
  private final JwksSource keys;
  private final Set<JWSAlgorithm> algorithms;
  private final Duration clockSkew;
  private final DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier;
  private final VerifiedTokens verified = new VerifiedTokens(10_000, Duration.ofMinutes(1));

  /**
   * @param algorithms the JWS algorithms accepted, by name ({@code RS256}, {@code ES256}, ...):
   *     asymmetric ones only
   */
  public JwtValidator(String issuer, JwksSource keys, List<String> algorithms, Duration clockSkew) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    if (issuer.isBlank()) {
      throw new IllegalArgumentException("the token issuer must not be blank");
    }
    this.keys = Objects.requireNonNull(keys, "keys");
    this.algorithms = algorithms.stream().map(JWSAlgorithm::parse).collect(Collectors.toUnmodifiableSet());
    Set<JWSAlgorithm> refused = new HashSet<>(this.algorithms);
    refused.removeAll(ASYMMETRIC);
    if (this.algorithms.isEmpty() || !refused.isEmpty()) {
      throw new IllegalArgumentException("algorithms must be asymmetric JWS algorithms (RS256, PS256, ES256, EdDSA, ...), got "
          + algorithms);
    }
    this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("clockSkew must not be negative, got " + clockSkew);
    }
    claimsVerifier = new DefaultJWTClaimsVerifier<>(null, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp"),
        null);
    claimsVerifier.setMaxClockSkew((int) Math.min(Integer.MAX_VALUE, clockSkew.toSeconds()));
  }

  @Override
  public CompletionStage<TokenCheck> validate(String token, ProtectedResource resource) {
    Optional<TokenCheck.Valid> known = verified.get(token, resource, Instant.now());
    if (known.isPresent()) {
      return CompletableFuture.completedFuture(known.get());
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      return CompletableFuture.completedFuture(new TokenCheck.Invalid("the token is not a signed JWT"));
    }
    Optional<String> keyId = Optional.ofNullable(jwt.getHeader().getKeyID());
    return keys.keys(keyId).thenApply(set -> check(jwt, keyId, set, resource));
  }

  private TokenCheck check(SignedJWT jwt, Optional<String> keyId, JWKSet set, ProtectedResource resource) {
    JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
    if (!algorithms.contains(algorithm)) {
      return new TokenCheck.Invalid("the token is signed with " + printable(algorithm.getName()) + ", which is not accepted");
    }
    if (keyId.isPresent() && set.getKeyByKeyId(keyId.get()) == null) {
      return new TokenCheck.Invalid("the token's key id " + printable(keyId.get()) + " is not one of the issuer's keys");
    }
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(TYPES);
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, new ImmutableJWKSet<>(set)));
    processor.setJWTClaimsSetVerifier(claimsVerifier);
    JWTClaimsSet claims;
    try {
      claims = processor.process(jwt, null);
    } catch (BadJWTException e) {
      return new TokenCheck.Invalid(claimsProblem(e.getMessage()));
    } catch (BadJOSEException e) {
      return new TokenCheck.Invalid(headerProblem(String.valueOf(e.getMessage())));
    } catch (JOSEException e) {
      return new TokenCheck.Invalid("the token's signature cannot be checked: " + printable(e.getMessage()));
    }
    if (!resource.isAudienceIn(claims.getAudience())) {
      return new TokenCheck.Invalid("the token's audience is not " + resource.uri() + " or " + resource.endpoint());
    }
    TokenCheck.Valid valid = new TokenCheck.Valid(subject(claims), scopes(claims));
    verified.put(jwt.getParsedString(), resource, valid, claims.getExpirationTime().toInstant().plus(clockSkew),
        Instant.now());
    return valid;
  }

  private static String headerProblem(String message) {
    if (message.contains("Invalid signature")) {
      return "the token's signature is not valid";
    }
    if (message.contains("typ")) {
      return "the token's type (typ) is not JWT or at+jwt";
    }
    return "the token's signature cannot be checked with the issuer's keys";
  }

  private String claimsProblem(String message) {
    String m = message == null ? "" : message;
    if (m.contains("Expired")) {
      return "the token has expired";
    }
    if (m.contains("before use time")) {
      return "the token is not valid yet";
    }
    if (m.contains("iss claim")) {
      return "the token's issuer is not " + issuer;
    }
    return "the token was refused: " + printable(m);
  }

  private static String subject(JWTClaimsSet claims) {
    if (claims.getSubject() != null) {
      return claims.getSubject();
    }
    Object clientId = claims.getClaim("client_id");
    return clientId instanceof String s ? s : "unknown";
  }

  private static Set<String> scopes(JWTClaimsSet claims) {
    Set<String> scopes = new HashSet<>();
    for (String claim : List.of("scope", "scp")) {
      Object value = claims.getClaim(claim);
      if (value instanceof String s) {
        scopes.addAll(Arrays.asList(s.trim().split("\\s+")));
      } else if (value instanceof List<?> list) {
        list.forEach(v -> scopes.add(String.valueOf(v)));
      }
    }
    scopes.remove("");
    return scopes;
  }

  /** Text from the token itself, made safe for a header: printable ASCII without quotes, at most 64 characters. */
  private static String printable(String s) {
    String clean = s.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "?");
    return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
  }

  @Override
  public String toString() {
    return "JwtValidator[issuer=" + issuer + ", algorithms=" + algorithms + ", clockSkew=" + clockSkew + "]";
  }
}
