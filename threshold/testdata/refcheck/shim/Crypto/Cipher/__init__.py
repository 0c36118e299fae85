class AES:
    MODE_ECB = 1
    @staticmethod
    def new(*a, **k): raise NotImplementedError
