package io.anycable.spring.conformance.support;

import io.anycable.spring.connection.SocketConnectionFactory;
import io.anycable.spring.rpc.AnyCableRpcHandler;
import io.anycable.spring.rpc.RpcMetadata;
import io.anycable.spring.rpc.proto.CommandMessage;
import io.anycable.spring.rpc.proto.CommandResponse;
import io.anycable.spring.rpc.proto.ConnectionRequest;
import io.anycable.spring.rpc.proto.ConnectionResponse;
import io.anycable.spring.rpc.proto.DisconnectRequest;
import io.anycable.spring.rpc.proto.DisconnectResponse;
import io.anycable.spring.support.CableJson;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * With the embedded server under test, records the calls it makes to the
 * {@link AnyCableRpcHandler} in-process into the application's {@link RpcRecorder}, so
 * scenarios assert the same calls whichever server made them. Registered by
 * {@link ConformanceEnvironment} only in embedded runs.
 */
final class InProcessRpcRecording implements BeanPostProcessor {

	private final ListableBeanFactory beanFactory;

	InProcessRpcRecording(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof AnyCableRpcHandler handler && !(bean instanceof RecordingRpcHandler)) {
			return new RecordingRpcHandler(handler, this.beanFactory);
		}
		return bean;
	}

	private static final class RecordingRpcHandler extends AnyCableRpcHandler {

		private final AnyCableRpcHandler delegate;

		private final ListableBeanFactory beanFactory;

		RecordingRpcHandler(AnyCableRpcHandler delegate, ListableBeanFactory beanFactory) {
			super(beanFactory.getBean(SocketConnectionFactory.class), beanFactory.getBean(CableJson.class));
			this.delegate = delegate;
			this.beanFactory = beanFactory;
		}

		@Override
		public ConnectionResponse connect(ConnectionRequest request, RpcMetadata metadata) {
			return recorder().recordInProcess("Connect", metadata.sid(), metadata.protocolVersion(), request,
					() -> this.delegate.connect(request, metadata));
		}

		// a token connection is answered without a Connect call, which is not recorded
		@Override
		public @Nullable ConnectionResponse connectWithToken(ConnectionRequest request, RpcMetadata metadata) {
			return this.delegate.connectWithToken(request, metadata);
		}

		@Override
		public CommandResponse command(CommandMessage request, RpcMetadata metadata) {
			return recorder().recordInProcess("Command", metadata.sid(), metadata.protocolVersion(), request,
					() -> this.delegate.command(request, metadata));
		}

		@Override
		public DisconnectResponse disconnect(DisconnectRequest request, RpcMetadata metadata) {
			return recorder().recordInProcess("Disconnect", metadata.sid(), metadata.protocolVersion(), request,
					() -> this.delegate.disconnect(request, metadata));
		}

		private RpcRecorder recorder() {
			return this.beanFactory.getBean(RpcRecorder.class);
		}

	}

}
