package io.anycable.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.health.AdditionalHealthEndpointPath;
import org.springframework.boot.actuate.health.HealthEndpointGroup;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.actuate.health.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.actuate.health.HttpCodeStatusMapper;
import org.springframework.boot.actuate.health.StatusAggregator;
import org.springframework.core.Ordered;

/**
 * Makes the {@code anycable} health contributor a member of the {@code readiness} group
 * (Kubernetes probes), never of {@code liveness}: a pod whose broadcasts fail, or that
 * drains for shutdown, is taken out of rotation, and a broker outage never restarts it.
 * Applies only when the readiness group exists and the application did not choose its
 * members ({@code management.endpoint.health.group.readiness.include} or
 * {@code exclude}); ordered last, after Boot's probes post-processor creates the group,
 * like it is.
 *
 * @author AnyCable Spring Boot contributors
 */
class AnyCableReadinessGroupPostProcessor implements HealthEndpointGroupsPostProcessor, Ordered {

	static final String READINESS = "readiness";

	static final String CONTRIBUTOR = "anycable";

	private final boolean membersConfigured;

	/**
	 * Create the post-processor.
	 * @param membersConfigured whether the application set the readiness group's include
	 * or exclude
	 */
	AnyCableReadinessGroupPostProcessor(boolean membersConfigured) {
		this.membersConfigured = membersConfigured;
	}

	@Override
	public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
		HealthEndpointGroup readiness = groups.get(READINESS);
		if (readiness == null || this.membersConfigured) {
			return groups;
		}
		Map<String, HealthEndpointGroup> named = new LinkedHashMap<>();
		for (String name : groups.getNames()) {
			HealthEndpointGroup group = groups.get(name);
			named.put(name, name.equals(READINESS) ? new WithAnyCable(readiness) : group);
		}
		return HealthEndpointGroups.of(groups.getPrimary(), named);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	private record WithAnyCable(HealthEndpointGroup group) implements HealthEndpointGroup {

		@Override
		public boolean isMember(String name) {
			return this.group.isMember(name) || name.equals(CONTRIBUTOR) || name.startsWith(CONTRIBUTOR + "/");
		}

		@Override
		public boolean showComponents(SecurityContext securityContext) {
			return this.group.showComponents(securityContext);
		}

		@Override
		public boolean showDetails(SecurityContext securityContext) {
			return this.group.showDetails(securityContext);
		}

		@Override
		public StatusAggregator getStatusAggregator() {
			return this.group.getStatusAggregator();
		}

		@Override
		public HttpCodeStatusMapper getHttpCodeStatusMapper() {
			return this.group.getHttpCodeStatusMapper();
		}

		@Override
		public @Nullable AdditionalHealthEndpointPath getAdditionalPath() {
			return this.group.getAdditionalPath();
		}

	}

}
