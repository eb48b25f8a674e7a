// The control: the same message thrown as an ordinary Error, which the language host reports with its stack.
throw new Error(`Invalid setting "adminCidrs": an ordinary Error`);
