package io.anycable.spring.rpc.grpc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RpcExecutorTests {

	@Test
	void admitsAsManyCallsAsWorkersAndQueuePlacesAndRefusesTheRest() throws InterruptedException {
		RpcExecutor executor = new RpcExecutor(2, 1, Executors.defaultThreadFactory());
		CountDownLatch gate = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(3);
		Runnable call = () -> {
			await(gate);
			executor.answered();
			done.countDown();
		};
		try {
			assertThat(executor.tryExecute(call)).isTrue();
			assertThat(executor.tryExecute(call)).isTrue();
			assertThat(executor.tryExecute(call)).isTrue();
			assertThat(executor.tryExecute(call)).isFalse();
			RpcTestServer.awaitUntil(() -> executor.runningCount() == 2, "two running");
			assertThat(executor.queuedCount()).isEqualTo(1);
			assertThat(executor.isSaturated()).isTrue();
			gate.countDown();
			assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(executor.runningCount()).isZero();
			assertThat(executor.queuedCount()).isZero();
			assertThat(executor.isSaturated()).isFalse();
		}
		finally {
			executor.close();
		}
	}

	@Test
	void aCallFreesItsPlaceWhenAnsweredNotWhenItsWorkerReturns() throws InterruptedException {
		RpcExecutor executor = new RpcExecutor(1, 0, Executors.defaultThreadFactory());
		CountDownLatch answered = new CountDownLatch(1);
		CountDownLatch gate = new CountDownLatch(1);
		CountDownLatch second = new CountDownLatch(1);
		try {
			assertThat(executor.tryExecute(() -> {
				executor.answered();
				answered.countDown();
				await(gate);
			})).isTrue();
			assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(executor.tryExecute(() -> {
				executor.answered();
				second.countDown();
			})).as("admitted while the first worker is still busy").isTrue();
			gate.countDown();
			assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			executor.close();
		}
	}

	@Test
	void closedPoolRefusesCalls() {
		RpcExecutor executor = new RpcExecutor(1, 1, Executors.defaultThreadFactory());
		executor.close();
		assertThat(executor.tryExecute(executor::answered)).isFalse();
		assertThat(executor.isSaturated()).isFalse();
	}

	@Test
	void directExecutorRunsEachCallOnTheAdmittingThreadAndNeverRefuses() {
		RpcExecutor executor = RpcExecutor.direct();
		Thread caller = Thread.currentThread();
		List<Thread> ranOn = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			// answered later: calls still running do not make a direct executor refuse
			assertThat(executor.tryExecute(() -> ranOn.add(Thread.currentThread()))).isTrue();
		}
		assertThat(ranOn).hasSize(100).containsOnly(caller);
		assertThat(executor.runningCount()).isEqualTo(100);
		assertThat(executor.queuedCount()).isZero();
		assertThat(executor.isSaturated()).isFalse();
		assertThat(executor.poolSize()).isZero();
		for (int i = 0; i < 100; i++) {
			executor.answered();
		}
		assertThat(executor.runningCount()).isZero();
		executor.close();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
