package io.anycable.spring.test.app;

import org.springframework.stereotype.Service;

/**
 * A component the channel slice must leave out.
 */
@Service
public class UnrelatedService {

}
