package io.anycable.spring.rpc.grpc.internal;

import java.util.concurrent.ThreadFactory;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.system.JavaVersion;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The threads RPC workers run on: daemon platform threads named {@code anycable-rpc-N},
 * or virtual threads on Java 21 and later when asked for.
 *
 * @author AnyCable Spring Boot contributors
 */
public final class RpcWorkerThreads {

	private static final String WORKER_NAME_PREFIX = "anycable-rpc-";

	private static final Log logger = LogFactory.getLog(RpcWorkerThreads.class);

	private RpcWorkerThreads() {
	}

	/**
	 * Return the factory of worker threads.
	 * @param virtualThreads whether virtual threads were asked for
	 * ({@code anycable.rpc-virtual-threads})
	 * @return the thread factory
	 */
	public static ThreadFactory workerFactory(boolean virtualThreads) {
		if (virtualThreads) {
			if (JavaVersion.getJavaVersion().isEqualOrNewerThan(JavaVersion.TWENTY_ONE)) {
				return new VirtualThreadTaskExecutor(WORKER_NAME_PREFIX).getVirtualThreadFactory();
			}
			logger.warn("anycable.rpc-virtual-threads is set but Java " + JavaVersion.getJavaVersion()
					+ " has no virtual threads: RPC workers are platform threads");
		}
		return daemonThreads(WORKER_NAME_PREFIX);
	}

	static ThreadFactory daemonThreads(String namePrefix) {
		CustomizableThreadFactory factory = new CustomizableThreadFactory(namePrefix);
		factory.setDaemon(true);
		return factory;
	}

}
